"""The Customers page (客户): groups sidebar, list, card, smart paste, and their dialogs."""
