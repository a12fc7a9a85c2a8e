"""账本: the ledger, quick entry, pending automatic entries, the day close and the reports."""
