New-ItemProperty -Path 'HKLM:\SYSTEM\CurrentControlSet\Services\SMTPSVC\Parameters' -Name 'TarpitTime' -PropertyType DWord -Value 3 -Force
