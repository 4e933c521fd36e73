// Priorities: the account's ordered list (P1 first). Position 1 is the most urgent.
export interface Priority {
  id: string;
  name: string;
  description: string;
  /** 1-based rank; lists are ordered by it. */
  position: number;
  createdAt: number;
  updatedAt: number;
}
