reg query "HKLM\SYSTEM\CurrentControlSet\Services\SMTPSVC\Parameters" /v TarpitTime
