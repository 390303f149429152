from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from chiso.orgs.models import Membership, OrgUnit, UnitGroup, UnitSuccession


@admin.register(OrgUnit)
class OrgUnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "unit_type", "parent", "active_from", "active_to"]
    search_fields = ["name", "short_name", "search_text"]
    list_filter = ["unit_type"]


admin.site.register(UnitGroup, SimpleHistoryAdmin)
admin.site.register(UnitSuccession, SimpleHistoryAdmin)
admin.site.register(Membership, SimpleHistoryAdmin)
admin.site.site_header = "chiso — quản trị hệ thống"
