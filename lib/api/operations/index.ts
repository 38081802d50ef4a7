import type { ApiOperation } from "../operation";
import { listAuditOperation } from "./audit";
import { issueCredentialOperation, listCredentialsOperation, revokeCredentialOperation, rotateCredentialOperation } from "./credentials";
import { engageKillSwitchOperation, listKillSwitchesOperation, releaseKillSwitchOperation } from "./kill-switches";
import { relayEventsOperation, relayHeartbeatOperation, relayPolicyOperation } from "./relay-contract";
import { listRelaysOperation } from "./relays";

// Every operation of the management API and the relay contract, in the order the OpenAPI
// document lists them.
export const API_OPERATIONS: ApiOperation[] = [
  listCredentialsOperation,
  issueCredentialOperation,
  rotateCredentialOperation,
  revokeCredentialOperation,
  listKillSwitchesOperation,
  engageKillSwitchOperation,
  releaseKillSwitchOperation,
  listRelaysOperation,
  listAuditOperation,
  relayPolicyOperation,
  relayEventsOperation,
  relayHeartbeatOperation,
];
