// Public entry point of the SAE job API emulator (`pulumi-sae-job/emulator`).

export type {
  ChangeOrderInfo,
  Emulator,
  EmulatorOptions,
  FaultKind,
  FaultRule,
  FinishChangeOrderOptions,
  FinishRunOptions,
  JobRunInfo,
  JobRunState,
  PurgeRunOptions,
  RateLimit,
  RecordedRequest,
  ScheduledRunOptions,
} from "./types";
export { start } from "./server";
