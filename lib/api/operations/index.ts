import type { ApiOperation } from "../operation";
import { listAuditOperation } from "./audit";

// Every operation of the management API, in the order the OpenAPI document lists them.
export const API_OPERATIONS: ApiOperation[] = [listAuditOperation];
