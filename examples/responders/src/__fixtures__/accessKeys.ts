// IAM access key ids for tests, in the long-term key format the handler accepts. The
// first two are AWS's documented example ids; none of them exists.
export const EXAMPLE_KEY = 'AKIAIOSFODNN7EXAMPLE';
export const OTHER_EXAMPLE_KEY = 'AKIAI44QH8DHBEXAMPLE';
export const UNKNOWN_KEY = 'AKIAZZZZZZZZZZZZZZZZ';
