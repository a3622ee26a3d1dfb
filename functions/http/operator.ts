import { service } from '../../lib/description';
import { claimOf } from './authorized-caller';
import type { HttpEvent } from './http-event';
import { HttpProblem } from './http-problem';

/**
 * Refuses (403) a signed-in caller who is not in the operators' Cognito group
 * (`service.auth.operatorGroup`). API Gateway hands `cognito:groups` over as
 * text (`[operators, admins]`, or JSON locally); any spelling of the list is read.
 */
export function requireOperator(event: HttpEvent): void {
  const raw = claimOf(event, 'cognito:groups');
  const groups = typeof raw === 'string' ? raw.split(/[\s,[\]"]+/).filter(Boolean) : [];
  if (!groups.includes(service.auth.operatorGroup)) {
    throw new HttpProblem(403, 'Forbidden', 'The detailed health report is for operators.');
  }
}
