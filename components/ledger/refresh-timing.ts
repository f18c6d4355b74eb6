/** The ledger polls for new rows this often; its first poll is due this long after the server rendered the page. */
export const LEDGER_REFRESH_MS = 60_000;

/**
 * The refresher's code (TanStack Query and the table's client side) is fetched this long after the page became
 * interactive: nothing polls before the first minute anyway, and the first load stays free of it.
 */
export const LOAD_REFRESHER_AFTER_MS = 30_000;
