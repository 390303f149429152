from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    """Base for domain models: when a row was created and last changed, and by whom."""

    created_at = models.DateTimeField("Ngày tạo", auto_now_add=True)
    updated_at = models.DateTimeField("Cập nhật", auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Người tạo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


class SecurityEventKind(models.TextChoices):
    LOGIN = "login", "Đăng nhập"
    LOGIN_FAILED = "login_failed", "Đăng nhập sai"
    LOCKOUT = "lockout", "Khóa tạm do đăng nhập sai nhiều lần"
    LOGOUT = "logout", "Đăng xuất"
    PASSWORD_CHANGED = "password_changed", "Đổi mật khẩu"
    TOKEN_CREATED = "token_created", "Tạo mã truy cập API"
    TOKEN_REVOKED = "token_revoked", "Thu hồi mã truy cập API"
    SESSION_ENDED = "session_ended", "Quản trị kết thúc phiên đăng nhập"
    PERMISSION_DENIED = "denied", "Bị từ chối quyền"
    EXPORT = "export", "Xuất dữ liệu"


class SecurityEvent(models.Model):
    """Who did what that matters for security; kept `SECURITY_LOG_RETENTION_DAYS` days."""

    created_at = models.DateTimeField("Thời điểm", auto_now_add=True, db_index=True)
    kind = models.CharField("Loại", max_length=20, choices=SecurityEventKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Người dùng",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField("Tên đăng nhập", max_length=150, blank=True)
    ip = models.GenericIPAddressField("Địa chỉ IP", null=True, blank=True)
    path = models.CharField("Đường dẫn", max_length=300, blank=True)
    detail = models.CharField("Chi tiết", max_length=500, blank=True)

    class Meta:
        verbose_name = "Sự kiện an ninh"
        verbose_name_plural = "Nhật ký an ninh"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "-created_at"], name="core_secevent_kind_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.username}"


class UserSession(models.Model):
    """A signed-in browser session, so an administrator can see and end it."""

    session_key = models.CharField(max_length=40, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chiso_sessions"
    )
    ip = models.GenericIPAddressField("Địa chỉ IP", null=True, blank=True)
    user_agent = models.CharField("Trình duyệt", max_length=300, blank=True)
    created_at = models.DateTimeField("Đăng nhập lúc", auto_now_add=True)

    class Meta:
        verbose_name = "Phiên đăng nhập"
        verbose_name_plural = "Phiên đăng nhập"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} — {self.created_at:%d/%m/%Y %H:%M}"


class AccountState(models.Model):
    """Per-account flags; `must_change_password` is set for accounts a coordinator created."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chiso_state"
    )
    must_change_password = models.BooleanField("Phải đổi mật khẩu", default=False)

    def __str__(self) -> str:
        return str(self.user)


class WorkerBeat(models.Model):
    """A running `chiso worker`: where it runs and when it last showed a sign of life.

    Lets any worker tell a job whose worker died (kill -9, power loss) from one still running.
    """

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = "Tiến trình xử lý nền"
        verbose_name_plural = "Tiến trình xử lý nền"

    def __str__(self) -> str:
        return self.worker_id


class PeriodicSlot(models.Model):
    """The last time slot a periodic job was enqueued for; claimed with one conditional UPDATE,
    so several schedulers enqueue each slot once."""

    name = models.CharField(max_length=100, primary_key=True)
    last_slot = models.DateTimeField()
    enqueued_at = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "Việc định kỳ"
        verbose_name_plural = "Việc định kỳ"

    def __str__(self) -> str:
        return self.name


class DataVersion(models.Model):
    """A counter moved forward by every write that can change an aggregate figure (one row;
    on PostgreSQL a sequence is used instead, see `chiso.core.figures`)."""

    n = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "Phiên bản dữ liệu"

    def __str__(self) -> str:
        return str(self.n)


class ScopeVersion(models.Model):
    """The version of one module's data (SQLite; PostgreSQL uses one sequence per scope), see
    `chiso.core.figures`: moved by that module's writes only."""

    scope = models.CharField(max_length=50, primary_key=True)
    n = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "Phiên bản dữ liệu của một phân hệ"
        verbose_name_plural = "Phiên bản dữ liệu của các phân hệ"

    def __str__(self) -> str:
        return f"{self.scope}: {self.n}"
