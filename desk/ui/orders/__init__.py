"""订单: the orders page, the order editor, status actions, memos and flags."""
