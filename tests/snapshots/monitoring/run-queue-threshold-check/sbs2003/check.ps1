$limit = 1000
$queues = @(Get-WmiObject -Namespace 'root\MicrosoftExchangeV2' -Class Exchange_SMTPQueue)
$total = 0
foreach ($q in $queues) { $total += $q.MessageCount }
$queues | Format-Table QueueName, MessageCount -AutoSize
if ($total -gt $limit) { Write-Warning ('{0} messages in the SMTP queues, more than the limit of {1}' -f $total, $limit) } else { 'OK: {0} messages in the SMTP queues (limit {1})' -f $total, $limit }
