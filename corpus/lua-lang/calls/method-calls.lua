-- obj:m(...) passes obj as self; definitions with : add self
local Account = {balance = 0}
function Account:deposit(v) self.balance = self.balance + v; return self end
function Account.withdraw(self, v) self.balance = self.balance - v; return self end
local acc = {balance = 100, deposit = Account.deposit, withdraw = Account.withdraw}
acc:deposit(50):withdraw(30):deposit(5)
print(acc.balance, Account.balance)
Account:deposit(1)
print(Account.balance)
local s = "text"
print(s:upper(), s.upper(s), ("%s!"):format(s))
local o = {n = "o"}
function o.plain(...) return select("#", ...) end
print(o.plain(), o:plain(), o:plain(1, 2))
