from django.contrib import admin

from tamnong.orders.models import BankAccount, Order, OrderItem, OrderStatusChange


class OrderItemInline(admin.TabularInline):
    model = OrderItem
    extra = 0
    readonly_fields = ["product", "product_name", "quantity"]
    can_delete = False


class OrderStatusChangeInline(admin.TabularInline):
    model = OrderStatusChange
    extra = 0
    readonly_fields = ["status_from", "status_to", "at", "actor", "note", "amount_vnd"]
    can_delete = False


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    """Read-only: orders change through the producer's inbox, which keeps the history and emails."""

    list_display = ["code", "producer", "status", "buyer_name", "province", "amount_vnd", "created_at"]
    list_filter = ["status"]
    search_fields = ["code", "buyer_name", "buyer_phone", "producer__name"]
    exclude = ["token"]
    readonly_fields = [
        "code", "producer", "status", "buyer_name", "buyer_phone", "buyer_email", "province", "address", "note",
        "amount_vnd", "created_at", "updated_at",
    ]  # fmt: skip
    inlines = [OrderItemInline, OrderStatusChangeInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(BankAccount)
class BankAccountAdmin(admin.ModelAdmin):
    list_display = ["producer", "bank_bin", "account_number", "holder_name", "updated_at"]
    readonly_fields = ["producer", "bank_bin", "account_number", "holder_name", "updated_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
