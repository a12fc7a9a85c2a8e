"""The product handbook (产品手册): the products list, the editor, the size advisor."""
