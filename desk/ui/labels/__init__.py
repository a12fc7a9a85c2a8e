"""打单发货: the batch of labels, tracking numbers and the print log."""
