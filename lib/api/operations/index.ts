import type { ApiOperation } from "../operation";
import { listAuditOperation } from "./audit";
import { issueCredentialOperation, listCredentialsOperation, revokeCredentialOperation, rotateCredentialOperation } from "./credentials";

// Every operation of the management API, in the order the OpenAPI document lists them.
export const API_OPERATIONS: ApiOperation[] = [
  listCredentialsOperation,
  issueCredentialOperation,
  rotateCredentialOperation,
  revokeCredentialOperation,
  listAuditOperation,
];
