# unsayable-text

# connection c to bad host:80, steps 1, 2
# socat: no equivalent
#   socat: left out: its host holds the control character U+001B, which a command line would hide or split
# ncat: no equivalent
#   ncat: left out: its host holds the control character U+001B, which a command line would hide or split
# openssl: no equivalent
#   openssl: left out: its host holds the control character U+001B, which a command line would hide or split

# connection d to it's:x,y!!(z), steps 3, 4
socat STDIO 'TCP4:it\'\''s:x\,y\!\!\(z\)'
ncat -4 -- 'it'\''s' 'x,y!!(z)'
#   ncat: ncat connects without blocking (O_NONBLOCK) whatever is asked
openssl s_client -4 -connect 'it'\''s:x,y!!(z)'
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_client sets TCP_NODELAY on every TCP connection (not asked for here)
