Remove-ItemProperty -Path 'HKLM:\SYSTEM\CurrentControlSet\Services\SMTPSVC\Parameters' -Name 'TarpitTime'
