"""URLs of the accounts app (namespace "accounts")."""

from __future__ import annotations

from django.urls import path

from zicha.web.accounts.views import auth, profile, users

app_name = "accounts"

urlpatterns = [
    path("login/", auth.login_view, name="login"),
    path("login/code/", auth.login_totp_view, name="login_totp"),
    path("logout/", auth.logout_view, name="logout"),
    path("password/", auth.password_change_view, name="password_change"),
    path("profile/", profile.profile_view, name="profile"),
    path("profile/totp/", profile.totp_enable_view, name="totp_enable"),
    path("profile/totp/disable/", profile.totp_disable_view, name="totp_disable"),
    path("users/", users.user_list_view, name="user_list"),
    path("users/new/", users.user_create, name="user_create"),
    path("users/<int:pk>/edit/", users.user_edit, name="user_edit"),
    path("users/<int:pk>/deactivate/", users.user_deactivate, name="user_deactivate"),
    path("users/<int:pk>/reset-password/", users.user_reset_password,
         name="user_reset_password"),
]
