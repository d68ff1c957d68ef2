"""What the test provider says about a person: their e-mail and whether it is verified.

A person in the group UNVERIFIED_GROUP has an e-mail the provider has not verified (Entra's
`xms_edov` false, or a guest's address): the claim `email_verified` is then false.
"""

from oauth2_provider.oauth2_validators import OAuth2Validator

UNVERIFIED_GROUP = "email-unverified"


class EmailClaimsValidator(OAuth2Validator):
    def get_additional_claims(self, request):
        user = request.user
        return {
            "email": user.email,
            "email_verified": not user.groups.filter(name=UNVERIFIED_GROUP).exists(),
            "name": user.get_full_name(),
        }
