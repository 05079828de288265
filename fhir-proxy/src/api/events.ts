/**
 * One server-sent event on `GET /events` (event name `consult`): something about this consult changed.
 * It carries ids only; the app reads the consult again through the authorised endpoints.
 */
export interface ConsultEvent {
  readonly consultId: string;
  readonly resourceType: 'ServiceRequest' | 'Communication' | 'Task';
  readonly at: string;
}

/** The SSE event name of {@link ConsultEvent}s. */
export const CONSULT_EVENT = 'consult';
