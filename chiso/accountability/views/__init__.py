"""Pages of inspections (/kiem-tra/), initiatives (/sang-kien/) and dialogues (/doi-thoai/)."""
