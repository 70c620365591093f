$ns = 'root\MicrosoftExchangeV2'
$sender = 'postmaster@' + 'example.com'
foreach ($q in @(Get-WmiObject -Namespace $ns -Class Exchange_SMTPQueue)) {
  $keys = 'LinkId', 'LinkName', 'ProtocolName', 'QueueId', 'QueueName', 'VirtualMachine', 'VirtualServerName'
  $where = [string]::Join(' AND ', @($keys | ForEach-Object { "$_='" + ([string]$q.$_ -replace '\\', '\\' -replace "'", "\'") + "'" }))
  $found = @(Get-WmiObject -Namespace $ns -Query "SELECT * FROM Exchange_QueuedSMTPMessage WHERE $where" | Where-Object { $_.Sender -like "*$sender*" })
  foreach ($message in $found) { [void]$message.DeleteNoNDR() }
  '{0}: deleted {1} messages from {2} without NDR' -f $q.QueueName, $found.Count, $sender
}
