/**
 * Published data sets of Fader & Hardie's discrete-time models, for validation tests and the
 * figure script (internal; not part of the package's API). Small tables, each with its source.
 */

/**
 * Fader & Hardie (2007), "How to project customer retention", Journal of Interactive Marketing
 * 21(1), 76–90, Table 1: % of each 1,000-customer cohort still a customer at the start of years
 * 0–12. The paper fits years 0–7 and projects years 8–12. The same series are printed in the R
 * package foretell's README (high end, years 0–12) and used by PyMC-Marketing's sBG tests
 * (regular, years 0–7, `tests/clv/models/test_shifted_beta_geo.py`).
 */
export const SBG_PERCENT_ALIVE = {
  highEnd: [100.0, 86.9, 74.3, 65.3, 59.3, 55.1, 51.7, 49.1, 46.8, 44.5, 42.7, 40.9, 39.4],
  regular: [100.0, 63.1, 46.8, 38.2, 32.6, 28.9, 26.2, 24.1, 22.3, 20.7, 19.4, 18.3, 17.3],
} as const;

/** The cohort size of both Fader & Hardie (2007) cohorts. */
export const SBG_COHORT_SIZE = 1000;

/**
 * The maximum-likelihood estimates Fader & Hardie (2007) print for the fit on years 0–7
 * (§ "Estimating the model"): high end α = 0.668, β = 3.806; regular α = 0.704, β = 1.182. The
 * high-end pair is also what jdmaturen/shifted_beta_geometric_py's test asserts; PyMC-Marketing's
 * sBG test quotes the regular β = 1.182 with α = 0.688, not the paper's 0.704 (the maximum of the
 * likelihood is at α = 0.7041, so 0.688 looks like a slip; its test only checks within 10 %).
 */
export const SBG_PUBLISHED_MLE = {
  highEnd: { alpha: 0.668, beta: 3.806 },
  regular: { alpha: 0.704, beta: 1.182 },
} as const;

/**
 * Other published sBG figures, used as independent checks: the log-likelihood of the high-end
 * years 0–7 at α = β = 1 (−2.115 per customer of the 1,000, in jdmaturen/shifted_beta_geometric_py's
 * test), and that package's README value of the discounted expected residual lifetime of a
 * high-end customer after 7 renewals at a 10 % discount rate (7.530).
 */
export const SBG_OTHER_PUBLISHED = {
  highEndLogLikelihoodAtOnePerCustomer: -2.115,
  highEndDerlAfter7RenewalsAt10Percent: 7.53,
} as const;

/** Survivor counts (customers) of a cohort from its % alive: 1,000 × % / 100. */
export function survivorCounts(percent: readonly number[], cohortSize = SBG_COHORT_SIZE): number[] {
  return percent.map((p) => Math.round((p * cohortSize) / 100));
}

/**
 * Fader, Hardie & Shang (2010), "Customer-base analysis in a discrete-time noncontractual
 * setting", Marketing Science 29(6), Table 1: the 11,104 members of the 1995 cohort of donors by
 * their (x, t_x) pattern over the 6 repeat-donation opportunities 1996–2001. Identical to
 * `donationsSummary$rf.matrix` of the R package BTYD (CRAN, `data/donationsSummary.RData`) and to
 * `lifetimes/datasets/donations.csv` of the Python package lifetimes. `holdout` is BTYD's
 * `donationsSummary$x.star`: the donations each pattern's donors made in the 5 holdout years
 * 2002–2006 (same row order as BTYD's matrix). Checked here: the counts row by row against
 * lifetimes' donations.csv; the holdout column only through its total (13,260), which equals the
 * sum of {@link DONATION_ANNUAL_TRANSACTIONS} for 2002–2006 — row by row it is unverified.
 */
export const DONATION_PATTERNS: ReadonlyArray<{ x: number; tx: number; n: number; count: number; holdout: number }> = [
  { x: 6, tx: 6, n: 6, count: 1203, holdout: 4252 },
  { x: 5, tx: 6, n: 6, count: 728, holdout: 2227 },
  { x: 4, tx: 6, n: 6, count: 512, holdout: 1393 },
  { x: 3, tx: 6, n: 6, count: 357, holdout: 817 },
  { x: 2, tx: 6, n: 6, count: 234, holdout: 442 },
  { x: 1, tx: 6, n: 6, count: 129, holdout: 190 },
  { x: 5, tx: 5, n: 6, count: 335, holdout: 582 },
  { x: 4, tx: 5, n: 6, count: 284, holdout: 542 },
  { x: 3, tx: 5, n: 6, count: 225, holdout: 373 },
  { x: 2, tx: 5, n: 6, count: 173, holdout: 244 },
  { x: 1, tx: 5, n: 6, count: 119, holdout: 136 },
  { x: 4, tx: 4, n: 6, count: 240, holdout: 201 },
  { x: 3, tx: 4, n: 6, count: 181, holdout: 170 },
  { x: 2, tx: 4, n: 6, count: 155, holdout: 114 },
  { x: 1, tx: 4, n: 6, count: 78, holdout: 44 },
  { x: 3, tx: 3, n: 6, count: 322, holdout: 148 },
  { x: 2, tx: 3, n: 6, count: 255, holdout: 118 },
  { x: 1, tx: 3, n: 6, count: 129, holdout: 78 },
  { x: 2, tx: 2, n: 6, count: 613, holdout: 244 },
  { x: 1, tx: 2, n: 6, count: 277, holdout: 103 },
  { x: 1, tx: 1, n: 6, count: 1091, holdout: 238 },
  { x: 0, tx: 0, n: 6, count: 3464, holdout: 604 },
];

/** BTYD's `donationsSummary$annual.trans`: repeat donations by the cohort in each year 1996–2006. */
export const DONATION_ANNUAL_TRANSACTIONS = [5652, 4674, 4019, 3552, 3555, 3163, 3110, 2938, 2703, 2573, 1936] as const;

/**
 * Published BG/BB figures for the donation data: the MLEs and log-likelihood of FHS (2010,
 * Table 2: α = 1.204, β = 0.750, γ = 0.657, δ = 2.783, LL = −33,225.6); P(alive in 2002) of
 * Table 6 for (x, t_x) = (0, 0), (2, 4), (6, 6); and, from Hardie's BG/BB spreadsheet note
 * (brucehardie.com/notes/010, as checked by lifetimes' tests), the expected donors with 0 and 6
 * repeat donations in 1996–2001 (3,454.9 and 1,253.1) and the sum of the conditional expectations
 * for 2002–2006 (12,884.2).
 */
export const BGBB_PUBLISHED = {
  params: { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 },
  logLikelihood: -33225.6,
  probabilityAlive2002: [
    { x: 0, tx: 0, value: 0.11 },
    { x: 2, tx: 4, value: 0.59 },
    { x: 6, tx: 6, value: 0.93 },
  ],
  expectedDonorsByRepeats: { 0: 3454.9, 6: 1253.1 },
  conditionalExpectationTotal2002to2006: 12884.2,
} as const;
