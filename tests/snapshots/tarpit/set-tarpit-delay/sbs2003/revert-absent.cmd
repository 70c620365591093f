reg delete "HKLM\SYSTEM\CurrentControlSet\Services\SMTPSVC\Parameters" /v TarpitTime /f
