app_name = "probation"

urlpatterns: list = []
