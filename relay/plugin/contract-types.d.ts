// The relay contract's types for the plugin's JSDoc, taken from its zod schemas (never restated).
import type { z } from 'zod'
import type {
  eventBatchResultSchema,
  eventTypeSchema,
  heartbeatSchema,
  killSwitchScopeSchema,
  policyCredentialSchema,
  policyDomainSchema,
  policyKillSwitchSchema,
  policySenderSchema,
  policySnapshotSchema,
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

// What POST /events and POST /heartbeat take (their input: fields with a default may be left out).
export type RelayEvent = z.input<typeof relayEventSchema>
export type EventType = z.infer<typeof eventTypeSchema>
export type RejectReason = z.infer<typeof rejectReasonSchema>
export type HeartbeatBody = z.input<typeof heartbeatSchema>
export type EventBatchResult = z.infer<typeof eventBatchResultSchema>
