/** The shape every churn signal returns. */

/** Names of the built-in churn signals. */
export type SignalName = 'negativeFeedback' | 'paymentFailures' | 'activityDrop' | 'visitGap' | 'funnelStall' | 'purchaseOverdue';

/** One churn signal read from a customer's state. */
export interface ChurnSignal {
  signal: SignalName;
  /** 0 (no sign of risk) to 1 (the strongest form of this signal). */
  severity: number;
  /** A sentence a person can read: what was seen. */
  detail: string;
}

/** @internal */
export const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);
