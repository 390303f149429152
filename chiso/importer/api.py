from ninja import Router

router = Router(tags=["Nhập kế hoạch từ văn bản"])
