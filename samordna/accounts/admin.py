from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Access, User


class AccessInline(admin.TabularInline):
    model = Access
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_national", "is_superuser", "is_active"]
    search_fields = ["email", "name"]
    inlines = [AccessInline]
    fieldsets = [
        (None, {"fields": ["email", "password", "name", "person"]}),
        (_("Behörighet"), {"fields": ["is_active", "is_national", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]})]
    autocomplete_fields = ["person"]
