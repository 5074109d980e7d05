/**
 * Mocha's spec reporter, closed by one plain line `N passed, N failed` (pending tests are
 * counted as skipped), which CI reads.
 */
import * as Mocha from "mocha";

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const { passes, failures, pending } = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
      const skipped = pending > 0 ? `, ${pending} skipped` : "";
      // After the spec reporter's own epilogue, which it prints on the same event.
      process.on("exit", () => console.log(`${passes} passed, ${failures} failed${skipped}`));
    });
  }
}

export = SummaryReporter;
