python3 probe.py 'example.com' --domain 'example.com' --known 'someone@example.com'
