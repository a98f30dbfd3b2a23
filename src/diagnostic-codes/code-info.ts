/** What the catalogue says of one diagnostic code: its default severity, a title and a generic hint. */
export interface CodeInfo {
  severity: "error" | "warning";
  title: string;
  hint?: string;
}
