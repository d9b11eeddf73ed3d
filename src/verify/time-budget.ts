/**
 * A time budget for one verification: past it the caller gets a stable `verification-timeout` answer.
 * The work is not interrupted (JavaScript cannot stop a promise); its result is simply not awaited.
 */
import { VerificationTimeoutError } from './errors';

export const defaultTimeBudgetMs = 5_000;

export async function withinBudget<T>(work: Promise<T>, budgetMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new VerificationTimeoutError(`Verification of this file took longer than ${budgetMs / 1000} s; it was stopped.`, { budgetMs })), budgetMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
