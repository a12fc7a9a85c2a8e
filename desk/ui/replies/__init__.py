"""Quick replies (快捷回复): the panel on the product handbook page, its list and its dialogs."""
