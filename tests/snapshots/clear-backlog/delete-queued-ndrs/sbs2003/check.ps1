$ns = 'root\MicrosoftExchangeV2'
$sender = 'postmaster@' + 'example.com'
foreach ($q in @(Get-WmiObject -Namespace $ns -Class Exchange_SMTPQueue)) {
  $keys = 'LinkId', 'LinkName', 'ProtocolName', 'QueueId', 'QueueName', 'VirtualMachine', 'VirtualServerName'
  $where = [string]::Join(' AND ', @($keys | ForEach-Object { "$_='" + ([string]$q.$_ -replace '\\', '\\' -replace "'", "\'") + "'" }))
  $found = @(Get-WmiObject -Namespace $ns -Query "SELECT * FROM Exchange_QueuedSMTPMessage WHERE $where" | Where-Object { $_.Sender -like "*$sender*" })
  '{0}: {1} of {2} messages are from {3}' -f $q.QueueName, $found.Count, $q.MessageCount, $sender
}
