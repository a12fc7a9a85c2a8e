from desk.core import settings
from desk.db.connection import db


def test_new_file_is_migrated_and_settings_round_trip(shop):
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    profile = settings.ShopProfile(shop_name="小美女装", sender_phone="13812345678")
    settings.save_profile(profile)
    assert settings.get_profile().shop_name == "小美女装"
