"""Settings (设置): the shop profile, the language, the people of the shop."""
