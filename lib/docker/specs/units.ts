/** Docker's durations are nanoseconds. */
export const SECOND_NS = 1e9;
