import type { ApiOperation } from "../operation";
import { listAuditOperation } from "./audit";
import { submitComplaintOperation } from "./complaints";
import {
  createContentProfileOperation,
  createDlpRuleOperation,
  deleteContentProfileOperation,
  deleteDlpRuleOperation,
  dryRunDlpOperation,
  getContentProfileOperation,
  listContentProfilesOperation,
  reorderDlpRulesOperation,
  updateContentProfileOperation,
  updateDlpRuleOperation,
} from "./content-profiles";
import {
  issueCredentialOperation,
  listCredentialsOperation,
  revokeCredentialOperation,
  rotateCredentialOperation,
} from "./credentials";
import { exportDeliverabilityOperation, getDeliverabilityOperation } from "./deliverability";
import {
  addDomainOperation,
  generateDkimKeyOperation,
  getDomainOperation,
  listDomainsOperation,
  retireDkimKeyOperation,
  rotateDkimKeyOperation,
} from "./domains";
import { engageKillSwitchOperation, listKillSwitchesOperation, releaseKillSwitchOperation } from "./kill-switches";
import { diffPolicyVersionOperation, listPolicyVersionsOperation } from "./policy-history";
import { getDomainPostureOperation, uploadDmarcReportOperation } from "./posture";
import {
  approveReleaseOperation,
  deleteQuarantinedOperation,
  getQuarantinedOperation,
  listQuarantineOperation,
  rejectReleaseOperation,
  requestReleaseOperation,
} from "./quarantine";
import {
  exportRecertificationsOperation,
  listDeniedAttemptsOperation,
  listRecertificationsOperation,
} from "./recertification";
import {
  relayEventsOperation,
  relayHeartbeatOperation,
  relayPolicyOperation,
  relayQuarantineReportOperation,
  relayQuarantineSettledOperation,
} from "./relay-contract";
import { listRelaysOperation, revokeRelayAndRotateKeysOperation } from "./relays";
import {
  changeSenderStatusOperation,
  decideChangeRequestOperation,
  decideSenderOperation,
  getSenderOperation,
  listChangeRequestsOperation,
  listSendersOperation,
  registerSenderOperation,
  updateSenderOperation,
  withdrawChangeRequestOperation,
} from "./senders";
import { listUserSessionsOperation, revokeUserSessionsOperation } from "./sessions";
import {
  addSuppressionOperation,
  exportSuppressionsOperation,
  listSuppressionsOperation,
  removeSuppressionOperation,
} from "./suppressions";

// Every operation of the management API and the relay contract, in the order the OpenAPI
// document lists them.
export const API_OPERATIONS: ApiOperation[] = [
  listSendersOperation,
  registerSenderOperation,
  getSenderOperation,
  updateSenderOperation,
  decideSenderOperation,
  changeSenderStatusOperation,
  listDomainsOperation,
  addDomainOperation,
  getDomainOperation,
  generateDkimKeyOperation,
  rotateDkimKeyOperation,
  retireDkimKeyOperation,
  listChangeRequestsOperation,
  decideChangeRequestOperation,
  withdrawChangeRequestOperation,
  getDomainPostureOperation,
  uploadDmarcReportOperation,
  listCredentialsOperation,
  issueCredentialOperation,
  rotateCredentialOperation,
  revokeCredentialOperation,
  listKillSwitchesOperation,
  engageKillSwitchOperation,
  releaseKillSwitchOperation,
  listContentProfilesOperation,
  createContentProfileOperation,
  getContentProfileOperation,
  updateContentProfileOperation,
  deleteContentProfileOperation,
  createDlpRuleOperation,
  reorderDlpRulesOperation,
  updateDlpRuleOperation,
  deleteDlpRuleOperation,
  dryRunDlpOperation,
  listRelaysOperation,
  revokeRelayAndRotateKeysOperation,
  getDeliverabilityOperation,
  exportDeliverabilityOperation,
  listAuditOperation,
  listUserSessionsOperation,
  revokeUserSessionsOperation,
  listDeniedAttemptsOperation,
  listRecertificationsOperation,
  exportRecertificationsOperation,
  listPolicyVersionsOperation,
  diffPolicyVersionOperation,
  submitComplaintOperation,
  listQuarantineOperation,
  getQuarantinedOperation,
  requestReleaseOperation,
  approveReleaseOperation,
  rejectReleaseOperation,
  deleteQuarantinedOperation,
  listSuppressionsOperation,
  addSuppressionOperation,
  exportSuppressionsOperation,
  removeSuppressionOperation,
  relayPolicyOperation,
  relayEventsOperation,
  relayHeartbeatOperation,
  relayQuarantineReportOperation,
  relayQuarantineSettledOperation,
];
