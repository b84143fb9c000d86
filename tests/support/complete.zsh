# Runs zsh's real completion for command lines, and writes every match
# offered for the Nth line, one a line, to OUT_PREFIX.N:
#
#     zsh -f complete.zsh FPATH_DIR OUT_PREFIX 'echo3d-hooks fire --con' ...
#
# Completion only runs inside the line editor of an interactive shell, so an
# interactive zsh is started on a pseudo-terminal (zpty), each line is typed
# into it followed by TAB, and `compadd` (through which every completion
# function offers its matches) is wrapped to record what it adds. A marker
# printed after each completion has finished says when to type the next
# line, so nothing here waits for a fixed time.

zmodload zsh/zpty || exit 90
local fdir=$1 out=$2
shift 2

zpty shell zsh -f -i
zpty -w shell "PS1='' RPROMPT=''; fpath=(${(q)fdir} \$fpath); autoload -Uz compinit && compinit -u -D"
# Calls that only compute matches (-O, -A, -D) are passed through untouched.
zpty -w shell "integer line_number=1
compadd() {
  if (( \${@[(I)-[OAD]]} )); then builtin compadd \"\$@\"; return; fi
  local -a found; builtin compadd -O found \"\$@\"
  (( \$#found )) && print -rl -- \$found >> ${(q)out}.\$line_number
  builtin compadd \"\$@\"
}"
# TAB runs the completion, then prints a marker. The marker is computed when
# it is printed, so the echo of this very line cannot match it.
zpty -w shell 'complete-and-mark() {
  zle complete-word
  (( line_number++ ))
  print -n -- $((6 * 7))-completion-done
}
zle -N complete-and-mark; bindkey "^I" complete-and-mark'
local line seen
for line in "$@"; do
  # Ctrl-U clears what the last completion left on the line. TAB is the
  # last key typed: input still pending would make zsh cut a completion short.
  zpty -w -n shell $'\x15'"$line"$'\t'
  zpty -r shell seen '*42-completion-done*' || exit 91
done
zpty -d shell
