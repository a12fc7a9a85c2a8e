"""Child process of the crash-safety test: writes through the project's services and says, on
stdout, every write that its service call has confirmed. The parent kills it with SIGKILL."""

import sys

from desk.core import settings, staff
from desk.db.connection import open_shop


def main(path: str, start: int) -> None:
    shop = open_shop(path)
    print("open", flush=True)
    i = start
    while True:
        member, _changes = staff.add_staff(f"p{i}")
        print("staff", member.name, flush=True)
        settings.save_profile(settings.ShopProfile(shop_name=f"店{i}"))
        print("profile", i, flush=True)
        i += 1
    shop.close()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
