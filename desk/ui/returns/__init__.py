"""退换货: the Returns page, its dialogs and the small hooks other pages use."""
