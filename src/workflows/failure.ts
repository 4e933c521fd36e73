/** A failure the step reports (shown on the run); `retry` false when trying again cannot help. */
export class StepFailure extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
  ) {
    super(message);
  }
}
