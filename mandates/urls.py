app_name = "mandates"

urlpatterns: list = []
