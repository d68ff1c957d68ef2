"""A small OpenID Connect provider (django-oauth-toolkit) that the single sign-on tests run in a
second process, standing in for IOM's Microsoft Entra ID: its own settings, database and users."""
