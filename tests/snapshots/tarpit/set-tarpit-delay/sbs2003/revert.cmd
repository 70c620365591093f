reg add "HKLM\SYSTEM\CurrentControlSet\Services\SMTPSVC\Parameters" /v TarpitTime /t REG_DWORD /d 3 /f
