telnet mail.example.com 25
