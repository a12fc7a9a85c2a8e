"""The peewee models, one module per feature. `ALL_MODELS` is in dependency order."""

from desk.models.books import Account, DayClose, DayCloseAccount, LedgerCategory, LedgerEntry
from desk.models.customers import (
    Address,
    Customer,
    CustomerGroup,
    CustomerGroupMember,
    CustomerNotDuplicate,
    CustomerPhone,
    CustomerTag,
    ImportedOrder,
    FollowUp,
    Tag,
)
from desk.models.notebook import Handover, Problem, ServiceEvent
from desk.models.orders import (
    LabelTemplate,
    Order,
    OrderEvent,
    OrderLine,
    OrderMemo,
    PrinterCalibration,
    PrintJob,
    PrintJobOrder,
    Shipment,
    TrackingRange,
)
from desk.models.products import (
    Product,
    ProductPhoto,
    QuickReply,
    ReplyGroup,
    SizeChart,
    SizeChartRow,
    StockMovement,
    Variant,
)
from desk.models.returns import (
    InspectionItem,
    ReturnCase,
    ReturnCheck,
    ReturnEvent,
    ReturnLine,
    ReturnPhoto,
)
from desk.models.staff import Setting, Staff

ALL_MODELS = [
    Staff, Setting,
    Product, Variant, StockMovement, SizeChart, SizeChartRow, ProductPhoto, ReplyGroup, QuickReply,
    Customer, CustomerPhone, Address, CustomerGroup, CustomerGroupMember, Tag, CustomerTag, FollowUp,
    ImportedOrder, CustomerNotDuplicate,
    Order, OrderLine, OrderEvent, OrderMemo, Shipment, TrackingRange, LabelTemplate,
    PrinterCalibration, PrintJob, PrintJobOrder,
    ReturnCase, ReturnLine, ReturnCheck, ReturnPhoto, ReturnEvent, InspectionItem,
    Problem, ServiceEvent, Handover,
    Account, LedgerCategory, LedgerEntry, DayClose, DayCloseAccount,
]  # fmt: skip

__all__ = [m.__name__ for m in ALL_MODELS] + ["ALL_MODELS"]
