// The relay contract's types for the plugin's JSDoc, taken from its zod schemas (never restated).
import type { z } from 'zod'
import type {
  contentFindingSchema,
  eventBatchResultSchema,
  eventTypeSchema,
  heartbeatSchema,
  killSwitchScopeSchema,
  policyContentProfileSchema,
  policyCredentialSchema,
  policyDlpRuleSchema,
  policyDomainSchema,
  policyKillSwitchSchema,
  policySenderSchema,
  policySnapshotSchema,
  quarantineCommandSchema,
  quarantineReportSchema,
  quarantineSettledSchema,
  rejectReasonSchema,
  relayEventSchema,
} from '@/lib/relay-contract/schemas'

// What GET /policy answers.
export type PolicySnapshot = z.infer<typeof policySnapshotSchema>
export type PolicySender = z.infer<typeof policySenderSchema>
export type PolicyCredential = z.infer<typeof policyCredentialSchema>
export type PolicyDomain = z.infer<typeof policyDomainSchema>
export type PolicyDkim = NonNullable<PolicyDomain['dkim']>
export type PolicyKillSwitch = z.infer<typeof policyKillSwitchSchema>
export type KillSwitchScope = z.infer<typeof killSwitchScopeSchema>
export type PolicyContentProfile = z.infer<typeof policyContentProfileSchema>
export type PolicyDlpRule = z.infer<typeof policyDlpRuleSchema>
export type QuarantineCommand = z.infer<typeof quarantineCommandSchema>
export type ContentFinding = z.infer<typeof contentFindingSchema>
export type QuarantineReport = z.input<typeof quarantineReportSchema>
export type QuarantineSettled = z.input<typeof quarantineSettledSchema>

// What POST /events and POST /heartbeat take (their input: fields with a default may be left out).
export type RelayEvent = z.input<typeof relayEventSchema>
export type EventType = z.infer<typeof eventTypeSchema>
export type RejectReason = z.infer<typeof rejectReasonSchema>
export type HeartbeatBody = z.input<typeof heartbeatSchema>
export type EventBatchResult = z.infer<typeof eventBatchResultSchema>
