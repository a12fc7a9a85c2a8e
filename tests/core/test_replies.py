"""Quick replies: groups, CRUD, search and sort, placeholders, use counts, the starter library."""

from __future__ import annotations

import json
import re

import pytest

from desk import i18n, paths
from desk.core import changes, replies
from desk.core.errors import DomainError, ValidationError
from desk.core.replies import PLACEHOLDERS, ReplyDraft
from desk.models import QuickReply, ReplyGroup

KEYS = ["welcome", "stock", "size", "logistics", "color", "returns", "bargain", "soothe",
        "payment", "goodbye", "followup"]


@pytest.fixture
def groups(shop):
    replies.ensure_groups()
    return {g.key: g.id for g in replies.list_groups() if g.key}


def add(group_id, title, body, shortcode=None):
    row, _ = replies.create_reply(ReplyDraft(group_id, title, body, shortcode))
    return row


def test_builtin_groups_have_chinese_names_and_are_made_once(shop):
    assert replies.ensure_groups().concerns(changes.REPLIES)
    assert not replies.ensure_groups()
    listed = replies.list_groups()
    assert [g.key for g in listed] == KEYS
    assert [g.name for g in listed] == ["欢迎语", "库存", "尺码", "物流", "色差", "退换货", "议价",
                                        "安抚", "催付", "道别", "售后回访"]
    assert all(g.builtin for g in listed)
    i18n.set_language("en")
    assert replies.list_groups()[0].name == "Greeting"


def test_user_groups(groups):
    group, _ = replies.add_group(" 活动 ")
    assert group.name == "活动" and not group.builtin
    with pytest.raises(ValidationError):
        replies.add_group("活动")
    with pytest.raises(ValidationError):
        replies.add_group("欢迎语")  # the name of a built-in group
    replies.rename_group(group.id, "双十一")
    assert replies.list_groups()[-1].name == "双十一"
    add(group.id, "活动说明", "亲，今天全场包邮哦~")
    with pytest.raises(DomainError):
        replies.delete_group(group.id)  # not empty
    with pytest.raises(DomainError):
        replies.delete_group(groups["welcome"])
    with pytest.raises(DomainError):
        replies.rename_group(groups["welcome"], "你好")
    QuickReply.delete().execute()
    replies.delete_group(group.id)
    assert ReplyGroup.select().count() == len(KEYS)


def test_create_update_delete(groups):
    row = add(groups["welcome"], " 欢迎 ", "亲，欢迎光临{店名}~", " /HY ")
    assert (row.title, row.shortcode, row.group_name) == ("欢迎", "/hy", "欢迎语")
    updated, _ = replies.update_reply(row.id, ReplyDraft(groups["goodbye"], "再见", "谢谢亲~", "bb"))
    assert (updated.group_name, updated.shortcode, updated.body) == ("道别", "bb", "谢谢亲~")
    replies.update_reply(row.id, ReplyDraft(groups["goodbye"], "再见", "谢谢亲~", "bb"))  # own code
    replies.delete_reply(row.id)
    with pytest.raises(DomainError):
        replies.get_reply(row.id)


@pytest.mark.parametrize(
    ("title", "body", "shortcode", "field"),
    [("", "x", None, "title"), ("x" * 41, "x", None, "title"), ("t", "  ", None, "body"),
     ("t", "x" * 2001, None, "body"), ("t", "x", "a b", "shortcode"), ("t", "x", "x" * 21, "shortcode"),
     ("t", "x", "HY", "shortcode")],
)
def test_bad_replies_name_their_field(groups, title, body, shortcode, field):
    add(groups["welcome"], "已有", "亲~", "hy")
    with pytest.raises(ValidationError) as err:
        add(groups["welcome"], title, body, shortcode)
    assert err.value.field == field
    assert QuickReply.select().count() == 1


def test_unknown_group(groups):
    with pytest.raises(ValidationError) as err:
        add(999, "t", "x")
    assert err.value.field == "group"


def test_search_by_shortcode_title_body_and_pinyin(groups):
    hello = add(groups["welcome"], "欢迎光临", "亲，欢迎光临~", "hy")
    hello2 = add(groups["welcome"], "忙时欢迎", "亲，人有点多，稍等哦", "hy2")
    ship = add(groups["logistics"], "发货时间", "16点前付款当天发货", "fh")
    assert next(r.id for r in replies.search_replies("hy")) == hello.id  # exact shortcode first
    assert {r.id for r in replies.search_replies("hy")} == {hello.id, hello2.id}
    assert [r.id for r in replies.search_replies("hy2")] == [hello2.id]
    assert replies.search_replies("/hy")[0].id == hello.id  # typed with the usual slash
    assert replies.search_replies("HY")[0].id == hello.id
    assert [r.id for r in replies.search_replies("16点")] == [ship.id]  # in the text
    assert [r.id for r in replies.search_replies("发货")] == [ship.id]
    assert [r.id for r in replies.search_replies("fhsj")] == [ship.id]  # pinyin of the title
    assert [r.id for r in replies.search_replies("", group_id=groups["logistics"])] == [ship.id]
    assert replies.search_replies("nothing-like-this") == []


def test_sort_by_use_and_by_title(groups):
    a = add(groups["welcome"], "啊", "1")
    b = add(groups["welcome"], "比", "2")
    c = add(groups["welcome"], "从", "3")
    assert [r.id for r in replies.search_replies(sort="title")] == [a.id, b.id, c.id]
    replies.record_use(c.id)
    replies.record_use(c.id)
    done = replies.record_use(b.id)
    assert done.concerns(changes.REPLIES)
    by_use = replies.search_replies(sort="use")
    assert [r.id for r in by_use] == [c.id, b.id, a.id]
    assert by_use[0].use_count == 2 and by_use[0].last_used_at is not None
    assert by_use[2].last_used_at is None
    with pytest.raises(ValueError):
        replies.search_replies(sort="random")


def test_fill_replaces_and_reports_missing():
    body = "{买家}亲，您的{货号}已发{快递}，单号{单号}。{买家}有问题找我~{优惠码}{ 买家}"
    filled = replies.fill(body, {"买家": "小王", "{货号}": "00123", "快递": "  ", "店名": "x"})
    assert filled.text == "小王亲，您的00123已发{快递}，单号{单号}。小王有问题找我~{优惠码}{ 买家}"
    assert filled.missing == ("快递", "单号")
    complete = replies.fill(body, {"买家": "小王", "货号": "1", "快递": "中通", "单号": "7512"})
    assert complete.missing == () and "中通" in complete.text and "{优惠码}" in complete.text
    assert replies.fill("", {}).text == ""
    assert replies.placeholders_in(body) == ["买家", "货号", "快递", "单号"]


def test_starter_library_covers_every_group_and_installs_once(shop):
    result, done = replies.install_starter_library()
    assert 28 <= result.added <= 40 and result.skipped == 0 and done
    counts = {g.key: g.reply_count for g in replies.list_groups()}
    assert all(counts[key] >= 2 for key in KEYS), counts
    titles = [r.title for r in replies.search_replies(group_id=next(
        g.id for g in replies.list_groups() if g.key == "bargain"))]
    for style in ("允诺型", "对比型", "干脆型", "借口型"):
        assert any(style in t for t in titles), style
    again, done = replies.install_starter_library()
    assert again.added == 0 and again.skipped == result.added and not done
    assert QuickReply.select().count() == result.added


def test_starter_library_keeps_the_users_edits(shop):
    replies.install_starter_library()
    first = replies.search_replies("hy")[0]
    replies.update_reply(first.id, ReplyDraft(first.group_id, first.title, "我的欢迎语", "hy"))
    replies.delete_reply(replies.search_replies("bb2")[0].id)
    result, _ = replies.install_starter_library()
    assert result.added == 1  # only the deleted one comes back
    assert replies.get_reply(first.id).body == "我的欢迎语"


def test_starter_file_is_well_formed():
    data = json.loads((paths.resource_dir() / replies.STARTER_FILE).read_text(encoding="utf-8"))
    items = data["replies"]
    codes = [i["shortcode"] for i in items]
    assert len(codes) == len(set(codes))
    used = set()
    for item in items:
        assert item["group"] in KEYS
        assert re.search(r"[\u4e00-\u9fff]", item["body"])
        names = re.findall(r"\{([^{}]*)\}", item["body"])
        assert set(names) <= set(PLACEHOLDERS), item["title"]
        used |= set(names)
    assert used == set(PLACEHOLDERS)  # every placeholder is shown in use somewhere
    payment = [i for i in items if i["group"] == "payment"]
    assert payment and all("付款" in i["body"] for i in payment)
