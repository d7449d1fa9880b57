/** The API's largest page (`pageSize` ≤ 100, see the API's `common/pagination`): a whole episode's visits or a clinic's therapists fit in it. */
export const LARGEST_PAGE = 100;
